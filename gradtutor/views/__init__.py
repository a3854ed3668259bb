"""The presentation floor's views, shared by every front end (cli, shell)."""
