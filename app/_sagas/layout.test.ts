import { describe, expect, it } from "vitest";
import { layoutStates } from "./layout";

describe("layoutStates", () => {
  it("places every state, earlier states to the left of later ones", () => {
    const pos = layoutStates({
      name: "s",
      initial: "a",
      states: { a: {}, b: {}, c: { terminal: "completed" } },
      transitions: [
        { from: "a", event: "x", to: "b", compensation: false },
        { from: "b", event: "y", to: "c", compensation: false },
      ],
    });
    expect([...pos.keys()]).toEqual(["a", "b", "c"]);
    expect(pos.get("a")!.x).toBeLessThan(pos.get("b")!.x);
    expect(pos.get("b")!.x).toBeLessThan(pos.get("c")!.x);
  });
});
