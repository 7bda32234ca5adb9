import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "**/.next/",
      ".data/",
      "lib/generated/",
      "**/next-env.d.ts",
      "test-results/",
      "playwright-report/",
      "**/*.mjs",
      "**/*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/env.ts." },
      ],
    },
  },
  {
    // The emulator shares no code with the app; the app reaches it through its package only.
    files: ["stripe-emulator/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*", "../../*"], message: "The emulator shares no code with the app." },
          ],
        },
      ],
    },
  },
  {
    ignores: ["stripe-emulator/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/stripe-emulator/*", "**/stripe-emulator/*"],
              message:
                "Import the emulator through its package: stripe-connect-emulator, stripe-connect-emulator/client or stripe-connect-emulator/fixtures.",
            },
          ],
        },
      ],
    },
  },
  {
    // The app's and the emulator's single readers of the environment.
    files: ["lib/env.ts", "stripe-emulator/src/config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
