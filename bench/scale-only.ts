import { scaleBench } from "./scale";
const counts = (process.env.BENCH_SCALE_TOPICS ?? "500").split(",").map(Number);
const r = await scaleBench(counts);
console.log(JSON.stringify(r, null, 2));
process.exit(0);
