"""Message tables, one module per area; merged by gradtutor.text.catalogue."""
