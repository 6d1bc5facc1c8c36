using Coordination.Dashboard.Components.Shared;
using Coordination.Dashboard.Services;
using Coordination.Grains.Concerns;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Coordination.Dashboard.Components.Pages.Board;

/// <summary>
/// The content of the board's open-concern rows and activity lines, each as one string of markup: a row of elements
/// is dozens of render-tree frames, kept twice in every open board page (see docs/performance.md). The page keeps the
/// row's own element, with a key, so that a new row or line is inserted instead of every row below it replaced. Every text is encoded
/// (<see cref="HtmlText"/>): organisation, area and worker names come from partners.
/// </summary>
public static class BoardMarkup
{
    /// <summary>The cells of an open concern's row.</summary>
    public static string ConcernRow(IStringLocalizer localizer, ConcernSummary concern, string organisation, string? worker, DateTimeOffset now)
    {
        var assignee = worker is null ? ""
            : "<span class=\"board-caption board-assignee\" data-testid=\"assignee\"><svg class=\"mud-icon-root mud-svg-icon mud-icon-size-small\" " +
              $"focusable=\"false\" viewBox=\"0 0 24 24\" role=\"img\" aria-label=\"{HtmlText.Encode(localizer["HandledByColumn"])}\">" +
              $"{Icons.Material.Filled.Person}</svg> {HtmlText.Encode(worker)}</span>";
        return $"<td><a href=\"concerns/{concern.Id}\" class=\"mud-link mud-primary-text mud-link-underline-hover nowrap\">{HtmlText.Encode(concern.Reference)}</a>" +
            $"<span class=\"board-caption\">{HtmlText.Encode(organisation)}</span></td>" +
            $"<td>{StatusChip.Markup(localizer, concern.Status)}{assignee}</td>" +
            $"<td>{UrgencyChip.Markup(localizer, concern.Urgency)}<div>{DeadlineChip.Markup(localizer, concern, now)}</div></td>" +
            $"<td>{HtmlText.Encode(localizer[$"PlaceKind_{concern.PlaceKind}"])} <span class=\"board-caption\">{HtmlText.Encode(concern.Area)}</span></td>" +
            $"<td class=\"nowrap\">{LocalTime.Markup(concern.ReportedAt)}</td>";
    }

    /// <summary>The content of an activity line.</summary>
    public static string ActivityLine(IStringLocalizer localizer, ActivityItem item, string? detail) =>
        "<svg class=\"mud-icon-root mud-svg-icon mud-primary-text mud-icon-size-small\" focusable=\"false\" viewBox=\"0 0 24 24\" role=\"img\" " +
        $"aria-hidden=\"true\">{ActivityIcon(item.Type)}</svg><div>" +
        $"<p class=\"mud-typography mud-typography-body2\"><b>{HtmlText.Encode(item.Concern.Reference)}</b> " +
        $"{HtmlText.Encode(localizer[$"Event_{item.Type}"])}{(detail is null ? "" : HtmlText.Encode($" ({detail})"))}</p>" +
        "<span class=\"mud-typography mud-typography-caption\" style=\"color: var(--mud-palette-text-secondary)\">" +
        $"{HtmlText.Encode(item.Concern.Area)} · {LocalTime.Markup(item.At)}</span></div>";

    private static string ActivityIcon(string type) => type switch
    {
        "concern.reported" => Icons.Material.Filled.NewReleases,
        "concern.triaged" => Icons.Material.Filled.FactCheck,
        "concern.urgency-confirmed" => Icons.Material.Filled.PriorityHigh,
        "concern.merged-into" or "concern.duplicate-attached" => Icons.Material.Filled.MergeType,
        "concern.assigned" => Icons.Material.Filled.AssignmentInd,
        "concern.accepted" => Icons.Material.Filled.HowToReg,
        "concern.declined" or "concern.acceptance-timed-out" or "concern.assignment-failed" or "concern.deadline-breached" => Icons.Material.Filled.Warning,
        "concern.closed" or "concern.closed-unfounded" => Icons.Material.Filled.TaskAlt,
        _ => Icons.Material.Filled.Done,
    };
}
