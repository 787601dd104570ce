"""The LaTeX proof appendix: markup helpers, one block per claim, the document, and
compiling it to PDF."""
