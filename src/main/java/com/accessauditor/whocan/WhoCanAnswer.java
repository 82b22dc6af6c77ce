package com.accessauditor.whocan;

import java.util.List;

/**
 * Who may do it, with what could not be read: an answer with gaps may be missing holders, never invents one.
 *
 * @param gaps reads that failed, each saying what it leaves unknown
 * @param notes what the reader should know besides (refused by a deny assignment, PIM not in use)
 */
public record WhoCanAnswer(WhoCanQuestion question, List<Holder> holders, List<String> gaps, List<String> notes) {
  public WhoCanAnswer {
    holders = List.copyOf(holders);
    gaps = List.copyOf(gaps);
    notes = List.copyOf(notes);
  }

  public boolean complete() {
    return gaps.isEmpty();
  }
}
