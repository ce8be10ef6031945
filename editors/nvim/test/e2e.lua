-- Headless end-to-end test of editors/nvim/lsp/gradus.lua.
-- Run by run.sh: nvim --headless --clean -u e2e.lua
-- Env: GRADUS_BIN (the binary), GRADUS_NVIM_CONFIG (editors/nvim),
--      GRADUS_E2E_PROJECT (a project dir with main.py and helper.py).
local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv('GRADUS_NVIM_CONFIG'))
  vim.lsp.config('gradus', {
    cmd = { os.getenv('GRADUS_BIN'), 'server' },
    flags = { debounce_text_changes = 0 },
    init_options = { gradus = { trusted = false } },
  })
  vim.lsp.enable('gradus')
  vim.cmd('filetype on')
  local project = os.getenv('GRADUS_E2E_PROJECT')
  vim.cmd('edit ' .. project .. '/main.py')
  local buf = vim.api.nvim_get_current_buf()

  -- 1. Diagnostics arrive for the unresolved import on line 2.
  local got = vim.wait(15000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  if not got then
    return fail('no diagnostics; clients: ' .. #vim.lsp.get_clients({ bufnr = buf }))
  end
  local d = vim.diagnostic.get(buf)[1]
  if d.lnum ~= 1 or d.code ~= 'unresolved-import' then
    return fail('unexpected diagnostic: ' .. vim.inspect(d))
  end
  print('diagnostics: ' .. d.code .. ' at line ' .. (d.lnum + 1))

  local client = vim.lsp.get_clients({ bufnr = buf, name = 'gradus' })[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 0, character = 9 },
  }
  -- 2. Hover on `helper` of `import helper`.
  local hover = client:request_sync('textDocument/hover', params, 10000, buf)
  local value = hover and hover.result and hover.result.contents.value or ''
  if not value:find('(module) helper', 1, true) then
    return fail('bad hover: ' .. vim.inspect(hover))
  end
  print('hover: ok')
  -- 2b. Hover on `value` of `value = helper.X`: its inferred type.
  local typed = client:request_sync('textDocument/hover', {
    textDocument = params.textDocument,
    position = { line = 2, character = 1 },
  }, 10000, buf)
  local typed_value = typed and typed.result and typed.result.contents.value or ''
  if not typed_value:find('value: int', 1, true) then
    return fail('hover shows no type: ' .. vim.inspect(typed))
  end
  print('hover type: ok')
  -- 3. Definition of the import: helper.py.
  local def = client:request_sync('textDocument/definition', params, 10000, buf)
  local loc = def and def.result and def.result[1]
  if not loc or not loc.uri:find('helper.py', 1, true) then
    return fail('bad definition: ' .. vim.inspect(def))
  end
  print('definition: ok')

  -- 4. Fix the error; the diagnostics clear.
  vim.api.nvim_buf_set_lines(buf, 1, 2, false, { 'import helper as h' })
  local cleared = vim.wait(15000, function()
    return #vim.diagnostic.get(buf) == 0
  end, 20)
  if not cleared then
    return fail('diagnostics not cleared: ' .. vim.inspect(vim.diagnostic.get(buf)))
  end
  print('diagnostics cleared: ok')
end)
if not ok then
  fail(tostring(err))
end
vim.cmd('qall!')
