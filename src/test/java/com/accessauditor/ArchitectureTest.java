package com.accessauditor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core knows ports, not SDKs: Azure SDK and Functions types stay in the adapters and entry points. */
class ArchitectureTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("com.accessauditor");

  @Test
  void coreDependsOnNoAzureSdkOrFunctionsTypes() {
    noClasses()
        .that().resideInAnyPackage("..model..", "..events..", "..inventory..", "..detect..", "..findings..",
            "..sweep..", "..baseline..", "..alerts..", "..diagnose..", "..snapshot..", "..memory..")
        .should().dependOnClassesThat().resideInAnyPackage("com.azure..", "com.microsoft.azure.functions..")
        .check(classes);
  }

  @Test
  void coreDoesNotReachIntoAdaptersOrEntryPoints() {
    noClasses()
        .that().resideInAnyPackage("..model..", "..events..", "..inventory..", "..detect..", "..findings..",
            "..sweep..", "..baseline..", "..alerts..", "..diagnose..")
        .should().dependOnClassesThat().resideInAnyPackage("..azure..", "..functions..", "..cli..", "..app..")
        .check(classes);
  }
}
