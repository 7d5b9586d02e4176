

' ${macro}
Public Sub ${sub}()
    If Ready("${macro}") Then RunPython ${command}
End Sub

Public Sub ${callback}(control As IRibbonControl)
    ${sub}
End Sub
