namespace TutorBot.Protocol.Schema;

/// <summary>Activity <c>type</c> values Teams sends.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageReaction = "messageReaction";

    /// <summary>The type if it is one of these, else <c>other</c>: a name a caller cannot choose, for traces and metrics.</summary>
    public static string Known(string? type) =>
        type is Message or Invoke or ConversationUpdate or InstallationUpdate or MessageReaction ? type : "other";
}

/// <summary>installationUpdate <c>action</c> values (PLATFORM.md §1).</summary>
public static class InstallationActions
{
    public const string Add = "add";
    public const string Remove = "remove";
}

/// <summary>Invoke <c>name</c> values TutorBot answers.</summary>
public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
}

public static class Channels
{
    public const string MsTeams = "msteams";
}

/// <summary>
/// Activity <c>textFormat</c> values. Teams reads a message's text as markdown unless told <c>plain</c>: "the text
/// must be treated as raw text with no formatting applied" (learn.microsoft.com, Format your bot messages).
/// </summary>
public static class TextFormats
{
    public const string Plain = "plain";
    public const string Markdown = "markdown";
}
