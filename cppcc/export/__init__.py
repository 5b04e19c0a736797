"""Charts out of the app: PNG/SVG images, PowerPoint decks, chart data as xlsx/csv. Pure."""
