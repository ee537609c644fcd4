#!/usr/bin/env node
// The CLI ships pre-bundled (esbuild) so it starts fast and needs nothing else at run time.
require("../assets/crs-backup.cjs");
