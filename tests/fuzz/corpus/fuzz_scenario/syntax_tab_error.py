def g():
	if 1:
        	return 1
