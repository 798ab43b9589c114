using System.Resources;

[assembly: NeutralResourcesLanguage("fr")]

namespace TutorBot.Resources;

/// <summary>Marker for <c>IStringLocalizer&lt;Strings&gt;</c>: Strings.resx is French, Strings.en.resx English.</summary>
public sealed class Strings;
