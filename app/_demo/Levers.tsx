"use client";
import { useState } from "react";
import { FailingServices, type DemoServiceView, type DemoState, type FailingService } from "@contract";
import { injectDuplicates, sendPoison, setFailureShare, setRate } from "./api";
import { countBody, failureBody, limits, percent, percentText, rateBody, type CountLever, type Parsed } from "./format";
import { useLever } from "./use-lever";
import styles from "./demo.module.css";

interface LeverProps {
  /** The caller's role may pull levers (the server checks again). */
  allowed: boolean;
  onDone: (state: DemoState) => void;
}

/** A number box with an Apply button: the box shows the demo's value until the operator edits it. */
function NumberLever<B>(
  props: LeverProps & {
    label: string;
    inputName?: string;
    unit?: string;
    button: string;
    buttonName?: string;
    current: string;
    min: number;
    max: number;
    step: number;
    parse: (text: string) => Parsed<B>;
    send: (body: B) => Promise<DemoState>;
    slider?: boolean;
    keepDraft?: boolean;
  },
) {
  const [draft, setDraft] = useState<string | null>(null);
  const lever = useLever((s) => {
    if (!props.keepDraft) setDraft(null);
    props.onDone(s);
  });
  const value = draft ?? props.current;
  const apply = () => {
    const parsed = props.parse(value);
    if (!parsed.ok) return lever.setError(parsed.message);
    void lever.run(() => props.send(parsed.body));
  };
  return (
    // noValidate: an out-of-range value gets our sentence below, not the browser's tooltip.
    <form
      className={styles.leverRow}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label className={styles.leverLabel}>
        <span className={props.inputName ? styles.leverName : undefined}>{props.label}</span>
        <input
          type="number"
          inputMode="decimal"
          aria-label={props.inputName}
          className={styles.number}
          min={props.min}
          max={props.max}
          step={props.step}
          value={value}
          disabled={!props.allowed}
          onChange={(e) => setDraft(e.target.value)}
        />
        {props.unit}
      </label>
      {props.slider ? (
        <input
          type="range"
          aria-label={`${props.label}, slider`}
          className={styles.slider}
          min={props.min}
          max={props.max}
          step={props.step}
          value={Number(value) || 0}
          disabled={!props.allowed}
          onChange={(e) => setDraft(e.target.value)}
        />
      ) : null}
      <button
        type="submit"
        className={styles.button}
        aria-label={props.buttonName}
        disabled={!props.allowed || lever.busy}
      >
        {props.button}
      </button>
      {lever.error ? (
        <span className={styles.error} role="alert">
          {lever.error}
        </span>
      ) : null}
    </form>
  );
}

function RateLever({ state, ...p }: LeverProps & { state: DemoState }) {
  return (
    <section className={styles.lever} aria-label="Order rate">
      <h2>Order rate</h2>
      <p className={styles.now}>now {state.ordersPerSecond.toLocaleString()} orders/s</p>
      <NumberLever
        {...p}
        label="Orders per second"
        button="Apply rate"
        current={String(state.ordersPerSecond)}
        min={limits.rate.min}
        max={limits.rate.max}
        step={1}
        parse={rateBody}
        send={setRate}
        slider
      />
    </section>
  );
}

function FailureLevers({ services, ...p }: LeverProps & { services: DemoServiceView[] }) {
  const share = (s: FailingService) => services.find((v) => v.service === s)?.failureShare ?? null;
  return (
    <section className={styles.lever} aria-label="Business failures">
      <h2>Business failures</h2>
      <p className={styles.now}>Share of each step that fails and is compensated.</p>
      {FailingServices.map((s) => (
        <NumberLever
          key={s}
          {...p}
          label={s}
          inputName={`${s} failure share (%)`}
          unit="%"
          button="Apply"
          buttonName={`Apply failure share for ${s}`}
          current={percentText(share(s))}
          min={0}
          max={100}
          step={1}
          parse={(text) => failureBody(s, text)}
          send={setFailureShare}
        />
      ))}
      <p className={styles.now}>
        now {FailingServices.map((s) => `${s.replace(/-service$/, "")} ${percent(share(s))}`).join(" · ")}
      </p>
    </section>
  );
}

const countLevers: Record<
  CountLever,
  {
    title: string;
    hint: string;
    label: string;
    button: string;
    initial: string;
    send: (b: { count: number }) => Promise<DemoState>;
  }
> = {
  poison: {
    title: "Poison records",
    hint: "Unprocessable orders: they end in a dead-letter topic.",
    label: "Poison records to send",
    button: "Send poison records",
    initial: "5",
    send: sendPoison,
  },
  duplicates: {
    title: "Duplicate deliveries",
    hint: "The next outbox events are delivered twice; the idempotent consumers skip the copies.",
    label: "Duplicates to inject",
    button: "Inject duplicates",
    initial: "10",
    send: injectDuplicates,
  },
};

function CountLeverPanel({ kind, ...p }: LeverProps & { kind: CountLever }) {
  const l = countLevers[kind];
  return (
    <section className={styles.lever} aria-label={l.title}>
      <h2>{l.title}</h2>
      <p className={styles.now}>{l.hint}</p>
      <NumberLever
        {...p}
        label={l.label}
        button={l.button}
        current={l.initial}
        min={limits[kind].min}
        max={limits[kind].max}
        step={1}
        parse={(text) => countBody(kind, text)}
        send={l.send}
        keepDraft
      />
    </section>
  );
}

/** The scenario's levers, except outages (one button per service, in the services table). */
export function Levers({ state, ...p }: LeverProps & { state: DemoState }) {
  return (
    <div className={styles.levers}>
      <RateLever state={state} {...p} />
      <FailureLevers services={state.services} {...p} />
      <CountLeverPanel kind="poison" {...p} />
      <CountLeverPanel kind="duplicates" {...p} />
    </div>
  );
}
