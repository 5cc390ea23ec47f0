"""lianghui (两会): software for the annual sessions of local people's congresses and CPPCC."""
