//go:build tools

// The Pulumi CLI this module builds (see ../engine.ts): listed here so that `go mod tidy` keeps its dependencies.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
