/**
 * The demo's browser pages, as resources only. This file exists so that {@code module-info} can
 * open the package: a module's resources are readable by other modules (the server's static handler)
 * only in an open package, and the compiler only knows packages that have a source file.
 */
package dev.sluice.demo.pages;
