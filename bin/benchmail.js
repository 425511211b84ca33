#!/usr/bin/env node
// Entry point for `npx benchmail` and the package "bin": runs the compiled CLI.
require('../dist/src/cli/main.js');
