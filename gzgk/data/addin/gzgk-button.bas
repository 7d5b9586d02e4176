
' ${macro}
Public Sub ${sub}()
    RunPython ${command}
End Sub

Public Sub ${callback}(control As IRibbonControl)
    ${sub}
End Sub
