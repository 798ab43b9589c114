namespace TutorBot.Features.SiteVisits;

/// <summary>Marker for <c>IStringLocalizer&lt;VisitStrings&gt;</c>: VisitStrings.resx is French, VisitStrings.en.resx English.</summary>
public sealed class VisitStrings;
