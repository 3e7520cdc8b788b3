"""Generated sample reports and the sample tracker (demos and tests; never imported at run time)."""
