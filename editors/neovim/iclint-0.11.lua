-- iclint's language server in Neovim 0.11 and later.
vim.lsp.config("iclint", {
  cmd = { "iclint", "server" },
  filetypes = { "yaml", "json", "dockerfile" },
  root_markers = { ".iclint.yaml", ".git" },
})
vim.lsp.enable("iclint")
