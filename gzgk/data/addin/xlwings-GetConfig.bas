Function GetConfig(configKey As String, Optional default As String = "", Optional source As String = "") As Variant
    ' gzgk: settings come only from trusted places: the gzgk.conf sheet of the add-in itself and
    ' the user's own file %USERPROFILE%\.gzgk\gzgk.conf, then the default. Never from the active
    ' workbook (its sheets or its folder): a return sent in by another office must not choose the
    ' interpreter, the PYTHONPATH or anything else that runs. (Replaces xlwings' GetConfig.)
    Dim configValue As String

    #If App = "Microsoft Excel" Then
    If source = "" Or source = "sheet" Then
        If ThisWorkbook.IsAddin Then
            If SheetExists(ThisWorkbook, PROJECT_NAME & ".conf") = True Then
                If GetConfigFromSheet(ThisWorkbook).Exists(configKey) = True Then
                    GetConfig = GetConfigFromSheet(ThisWorkbook).Item(configKey)
                    GetConfig = ExpandEnvironmentStrings(GetConfig)
                    Exit Function
                End If
            End If
        End If
    End If
    #End If

    If source = "" Or source = "user" Then
        If FileExists(GetConfigFilePath()) = True Then
            If GetConfigFromFile(GetConfigFilePath(), configKey, configValue) Then
                GetConfig = configValue
                GetConfig = ExpandEnvironmentStrings(GetConfig)
                Exit Function
            End If
        End If
    End If

    GetConfig = default
    GetConfig = ExpandEnvironmentStrings(GetConfig)
End Function
