using Coordination.Grains.Concerns;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.Localization;

namespace Coordination.Dashboard.Components.Shared;

/// <summary>
/// The board's handling and acknowledgement times, as people say them, in plain markup: one per table cell, where
/// a component each would stay in every open page.
/// </summary>
public static class Durations
{
    /// <summary>Median and 90th percentile of a handling stage, or a dash when no concern reached it.</summary>
    public static RenderFragment StageTime(IStringLocalizer localizer, StageFigures figures) => builder =>
    {
        if (figures.Median is { } median && figures.Percentile90 is { } p90)
        {
            builder.OpenElement(0, "span");
            builder.AddAttribute(1, "title", localizer["StageTimeHint", figures.Count].Value);
            builder.AddContent(2, $"{Text(localizer, median)} / {Text(localizer, p90)}");
            builder.CloseElement();
        }
        else
        {
            None(builder, localizer["NoneReachedStage"]);
        }
    };

    /// <summary>A mean time to acknowledge, or a dash when nothing was acknowledged.</summary>
    public static RenderFragment TimeToAcknowledge(IStringLocalizer localizer, TimeSpan? mean) => builder =>
    {
        if (mean is { } value)
        {
            builder.AddContent(3, Text(localizer, value));
        }
        else
        {
            None(builder, localizer["NoAcknowledgements"]);
        }
    };

    private static string Text(IStringLocalizer localizer, TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => localizer["Duration_Seconds", (int)span.TotalSeconds],
        { TotalHours: < 1 } => localizer["Duration_Minutes", (int)span.TotalMinutes],
        { TotalDays: < 1 } => localizer["Duration_HoursMinutes", (int)span.TotalHours, span.Minutes],
        _ => localizer["Duration_DaysHours", (int)span.TotalDays, span.Hours],
    };

    /// <summary>A dash for the eye and words for a screen reader.</summary>
    private static void None(RenderTreeBuilder builder, string hidden)
    {
        builder.OpenElement(10, "span");
        builder.AddAttribute(11, "aria-hidden", "true");
        builder.AddContent(12, "–");
        builder.CloseElement();
        builder.OpenElement(13, "span");
        builder.AddAttribute(14, "class", "visually-hidden");
        builder.AddContent(15, hidden);
        builder.CloseElement();
    }
}
