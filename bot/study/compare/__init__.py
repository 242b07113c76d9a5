"""`compare A vs B`: points for each side and where the material compares them, all cited."""
