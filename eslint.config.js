// ESLint (flat config, ADR 041): ESLint's and typescript-eslint's recommended rules without type
// information (fast; `tsc --noEmit` already checks the types), React's rules of hooks and jsx-a11y's
// recommended rules. `npm run lint` allows no warnings, so a warning fails `npm test` like an error.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Generated or installed, never written by hand: builds (BUILD_DIR=build-…, with the service worker
    // esbuild writes into <build>/client), test output, caches, drizzle-kit's migration snapshots, local
    // data and scratch files.
    ignores: [
      "node_modules/",
      "build/",
      "build-*/",
      "public/build/",
      ".cache/",
      "data/",
      "tmp/",
      "shots/",
      "test-results/",
      "playwright-report/",
      "db/migrations/meta/",
      "db/migrations-pg/meta/",
      "**/*.tmp.*",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { id: _id, ...rest } = row` is how the code leaves fields out of a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    // React is only in app/; outside it (vitest's helpers such as useDeliveryHarness) a `use…` name is no hook.
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs["recommended-latest"].rules,
  },
  {
    files: ["app/**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    files: ["app/**/*.tsx"],
    rules: {
      // A table that scrolls sideways sits in a labelled role=region with tabIndex=0, so that keyboard
      // users can scroll it (WCAG 2.1.1; axe's scrollable-region-focusable). The other options are
      // jsx-a11y's recommended ones.
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"], allowExpressionValues: true }],
      // The field page's stop choices have their text in <label><span><strong>{title}; the default
      // depth of 2 does not reach it.
      "jsx-a11y/label-has-associated-control": ["error", { depth: 3 }],
    },
  },
  {
    // The build, test and data scripts run in Node.
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: globals.node },
  },
);
