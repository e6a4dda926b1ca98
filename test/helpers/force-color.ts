// Imported first by view tests, before ink/chalk load, so frames carry SGR codes (selection = inverse).
process.env['FORCE_COLOR'] = '1';
