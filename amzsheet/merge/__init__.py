"""Apply the rows of Seller Central reports to the tracker's tables, keeping the seller's edits."""
