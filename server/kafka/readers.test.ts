import { describe, expect, it } from "vitest";
import { seeksWhereUnset } from "./readers";

describe("seeksWhereUnset", () => {
  const committed = [
    {
      topic: "orders",
      partitions: [
        { partition: 0, offset: "12" },
        { partition: 1, offset: "-1" },
        { partition: 2, offset: "-1" },
      ],
    },
    { topic: "new-topic", partitions: [{ partition: 0, offset: "-1" }] },
  ];

  it("leaves committed partitions alone and sends unset ones to the end offset at first read", () => {
    expect(
      seeksWhereUnset(
        committed,
        [],
        new Map([
          [
            "orders",
            new Map([
              [1, "40"],
              [2, "41"],
            ]),
          ],
        ]),
      ),
    ).toEqual([
      { topic: "orders", partition: 1, offset: "40" },
      { topic: "orders", partition: 2, offset: "41" },
    ]);
  });

  it("prefers where the single group of earlier versions had committed (an upgrade loses nothing)", () => {
    const legacy = [
      {
        topic: "orders",
        partitions: [
          { partition: 1, offset: "33" },
          { partition: 2, offset: "-1" },
        ],
      },
    ];
    expect(
      seeksWhereUnset(
        committed,
        legacy,
        new Map([
          [
            "orders",
            new Map([
              [1, "40"],
              [2, "41"],
            ]),
          ],
        ]),
      ),
    ).toEqual([
      { topic: "orders", partition: 1, offset: "33" },
      { topic: "orders", partition: 2, offset: "41" },
    ]);
  });

  it("a topic without ends (appeared after the first plan) and a partition added later are read from the first record", () => {
    expect(seeksWhereUnset(committed, [], new Map([["orders", new Map([[1, "40"]])]]))).toEqual([
      { topic: "orders", partition: 1, offset: "40" },
    ]);
  });
});
