"""What the workbook is: sheets, tables, columns (each declared once) and settings. No I/O."""
