-- Gradus language server for Neovim 0.11+ (`vim.lsp.config` / `vim.lsp.enable`).
--
-- Put this directory on 'runtimepath' (or copy this file to
-- ~/.config/nvim/lsp/gradus.lua), then:
--
--   vim.lsp.enable('gradus')
--
-- Override anything with vim.lsp.config('gradus', { ... }), e.g. settings:
--
--   vim.lsp.config('gradus', {
--     settings = { gradus = { diagnosticMode = 'workspace' } },
--   })

---@type vim.lsp.Config
return {
  cmd = { 'gradus', 'server' },
  filetypes = { 'python' },
  root_markers = { 'gradus.toml', 'pyproject.toml', '.git' },
  -- Sent as `initializationOptions`; the same keys work under `settings`
  -- (workspace/didChangeConfiguration):
  --   diagnosticMode = 'openFilesOnly' | 'workspace'
  --   trusted        = false  -- never ask a Python interpreter for sys.path
  --   inlayHints     = { variableTypes = true, returnTypes = true }
  init_options = { gradus = { diagnosticMode = 'openFilesOnly' } },
  settings = { gradus = {} },
}
