import type { ComponentProps } from "react";
import { inputStyles } from "@/components/ui/styles";

/** A labelled select; `options` are [value, label] pairs ("" for "any"). */
export function SelectField({
  label,
  name,
  options,
  ...select
}: ComponentProps<"select"> & {
  label: string;
  name: string;
  options: readonly (readonly [string, string])[];
}) {
  const id = `field-${name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} name={name} className={inputStyles} {...select}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
