// office-addin-lint's own configuration (eslint-plugin-office-addins "recommended", prettier included), plus the
// browser globals the pane uses (office-addin-lint picks this file up when run from addin/).
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";
import globals from "globals";

export default [
  { ignores: ["dist/**", "node_modules/**"] },
  ...officeAddins.configs.recommended,
  {
    plugins: { "office-addins": officeAddins },
    languageOptions: { parser: tsParser, globals: { ...globals.browser } },
  },
];
