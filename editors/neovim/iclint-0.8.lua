-- iclint's language server in Neovim 0.8 to 0.10: a client per repository (the directory that
-- holds `.iclint.yaml` or `.git`), reused by every buffer in it.
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "yaml", "json", "dockerfile" },
  callback = function(args)
    local marker = vim.fs.find({ ".iclint.yaml", ".git" }, {
      upward = true,
      path = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)),
    })[1]
    vim.lsp.start({
      name = "iclint",
      cmd = { "iclint", "server" },
      root_dir = marker and vim.fs.dirname(marker) or vim.fn.getcwd(),
    })
  end,
})
