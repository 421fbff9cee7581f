"""The request for proposal: what it says, section by section, as plain template values."""
