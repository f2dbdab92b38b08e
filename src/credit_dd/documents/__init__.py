"""Reading documents: what each file is, its text, its statements and bank statements, in canonical line items."""
