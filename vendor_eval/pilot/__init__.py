"""Pure pilot-quality statistics: measured evidence of a vendor's quality, with its uncertainty."""
