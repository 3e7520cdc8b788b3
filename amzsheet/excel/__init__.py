"""The .xlsx side: formulas, the writer and its row streaming, the reader, carry-over, package checks."""
