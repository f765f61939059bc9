"""Read models built from the regions' event stores."""
