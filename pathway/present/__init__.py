"""What the app shows and exports: charts, flowchart, handout, slides and deck. Uses clinical."""
