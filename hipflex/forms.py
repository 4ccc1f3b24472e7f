"""Form fields shared by the apps."""

from __future__ import annotations

from django import forms


class ClearableScale(forms.RadioSelect):
    """A rating scale whose last option, "Clear", takes a rating back. No option shows as
    chosen until a number is: "no rating" is the resting state, not an answer."""

    def format_value(self, value: object) -> list[str]:
        return [] if value in (None, "") else super().format_value(value)


def scale_field(
    label: str,
    low: int,
    *,
    required: bool = True,
    messages: dict[str, str],
    clearable: bool = False,
) -> forms.TypedChoiceField:
    """A 0-10 (or 1-10) rating as a row of big tap targets (radio buttons, .scale in the CSS).

    `clearable` adds a last option that takes an optional rating back, for a rating that means
    something by being there (a goal's rating picks the goal)."""
    choices: list[tuple[int | str, str]] = [(value, str(value)) for value in range(low, 11)]
    widget = forms.RadioSelect(attrs={"class": "scale"})
    if clearable:
        choices.append(("", "Clear"))
        widget = ClearableScale(attrs={"class": "scale scale-clearable"})
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=required,
        widget=widget,
        error_messages=messages,
    )
