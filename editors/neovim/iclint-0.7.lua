-- iclint's language server in Neovim 0.7 and later: one client for the session, attached to
-- every YAML, JSON and Dockerfile-format buffer. `iclint` must be on PATH.
local iclint = nil
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "yaml", "json", "dockerfile" },
  callback = function(args)
    if iclint == nil then
      iclint = vim.lsp.start_client({
        name = "iclint",
        cmd = { "iclint", "server" },
        root_dir = vim.fn.getcwd(),
      })
    end
    if iclint ~= nil then
      vim.lsp.buf_attach_client(args.buf, iclint)
    end
  end,
})
