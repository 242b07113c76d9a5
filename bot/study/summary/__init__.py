"""`summary SOURCE`: an overview and the key point of every chapter, each cited (map-reduce with a model)."""
