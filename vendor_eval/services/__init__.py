"""Use cases: one function per user action, with permissions, audit and one transaction each."""
