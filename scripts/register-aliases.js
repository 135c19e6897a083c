// Lets compiled services resolve the tsconfig path alias `@app/common` (and `@app/common/*`)
// to dist/libs/common/src. Load it first: node -r ./scripts/register-aliases.js dist/apps/<svc>/src/main.js
'use strict';
const Module = require('node:module');
const path = require('node:path');

const COMMON = path.join(__dirname, '..', 'dist', 'libs', 'common', 'src');
const original = Module._resolveFilename;

Module._resolveFilename = function resolveWithAliases(request, ...rest) {
  if (request === '@app/common') request = COMMON;
  else if (request.startsWith('@app/common/')) request = path.join(COMMON, request.slice('@app/common/'.length));
  return original.call(this, request, ...rest);
};
