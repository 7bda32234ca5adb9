import type { ComponentProps, ReactNode } from "react";
import { inputStyles } from "@/components/ui/styles";

/** The id of the input named `name`: what its label, its error and the error summary point at. */
export function fieldId(name: string): string {
  return `field-${name}`;
}

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: string;
}

/** A label above a control, its hint and its error under it, both tied to it for screen readers. */
function FieldShell({
  field: { label, name, error, hint },
  control,
}: {
  field: FieldProps;
  control: (props: {
    id: string;
    name: string;
    "aria-invalid"?: true;
    "aria-describedby"?: string;
    className: string;
  }) => ReactNode;
}) {
  const id = fieldId(name);
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {control({
        id,
        name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
        className: inputStyles,
      })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its error message tied to it for screen readers. */
export function Field({
  label,
  name,
  error,
  hint,
  ...input
}: ComponentProps<"input"> & FieldProps) {
  const field = { label, name, error, hint };
  return <FieldShell field={field} control={(props) => <input {...props} {...input} />} />;
}

/** A labelled text area, as Field. */
export function TextareaField({
  label,
  name,
  error,
  hint,
  ...textarea
}: ComponentProps<"textarea"> & FieldProps) {
  const field = { label, name, error, hint };
  return <FieldShell field={field} control={(props) => <textarea {...props} {...textarea} />} />;
}
