import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "warning" | "link";

const STYLES: Record<Variant, string> = {
  primary: "bg-success text-white shadow-[0_2px_0_#002d18] hover:bg-success-dark",
  secondary: "bg-panel text-ink shadow-[0_2px_0_#929191] hover:bg-[#dbdad9]",
  warning: "bg-error text-white shadow-[0_2px_0_#55150b] hover:bg-[#aa2a16]",
  link: "",
};

/** The one button. `link` looks like a link (for sign-out and other small POST actions). */
export function Button({ variant = "primary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  if (variant === "link") {
    return (
      <button
        type="submit"
        {...props}
        className={`cursor-pointer bg-transparent p-0 text-inherit underline underline-offset-[0.15em] hover:decoration-[3px] ${className}`}
      />
    );
  }
  return (
    <button
      type="submit"
      {...props}
      className={`mb-8 inline-block cursor-pointer rounded-none border-2 border-transparent px-3 py-2 text-lg leading-tight ${STYLES[variant]} ${className}`}
    />
  );
}
