import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const contract = fileURLToPath(new URL("./server/contract/index.ts", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@contract": contract } },
  test: {
    projects: [
      {
        resolve: { alias: { "@contract": contract } },
        test: {
          name: "unit",
          include: ["server/**/*.test.ts", "tools/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias: { "@contract": contract } },
        test: {
          name: "integration",
          include: ["test/integration/**/*.int.test.ts", "server/**/*.int.test.ts", "tools/**/*.int.test.ts"],
          globalSetup: ["test/integration/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One broker for the run; files take turns so timing-sensitive tests do not compete.
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
