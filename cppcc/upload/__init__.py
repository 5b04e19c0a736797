"""Staff files in: reading, validating, previewing and applying uploads; catalogue; accounts."""
