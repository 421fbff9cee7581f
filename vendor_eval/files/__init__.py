"""The file boundary: reading what users upload or name on the command line (CSV, XLSX, JSON,
YAML) into frames and values with errors that name the file, line and column, and writing
generated documents so that no reader ever sees half a file."""
