// Preloaded with `node -r`: @pulumi/pulumi cannot be found, as in an install without peer dependencies (yarn 1,
// npm --legacy-peer-deps, pnpm without auto-installed peers).
const Module = require("node:module");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};
