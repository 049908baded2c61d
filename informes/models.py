"""Published reports and their narrative (see informes issue)."""
